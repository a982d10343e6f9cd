// Blind review (`project.blindReview`): what an annotator may learn about the other people on a project.
import type { Actor } from '../store/ports.js';

/** Who reads a reply, with the project setting that decides what they may see of the others. */
export interface Viewer {
  readonly actor: Actor;
  /** `project.blindReview`. */
  readonly blindReview: boolean;
}

/** What a blinded viewer sees in place of anybody's name but their own. */
export const ANOTHER_USER = 'another user';

/** Blind review hides the other people from annotators; an admin always sees everything. */
export const isBlinded = ({ actor, blindReview }: Viewer): boolean => blindReview && actor.role !== 'admin';

/**
 * A person's name as the viewer may see it: a blinded viewer sees their own name and ANOTHER_USER for
 * anybody else. A stored name carries no role, so admins' names are hidden too: an annotator needs neither.
 */
export const nameSeenBy = (name: string, viewer: Viewer): string =>
  isBlinded(viewer) && name !== viewer.actor.name ? ANOTHER_USER : name;
