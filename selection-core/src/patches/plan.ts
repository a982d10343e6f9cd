/**
 * An augmentation plan: the m patch transforms applied to every candidate, identically in the browser and
 * on the server. Plans are plain data (JSON), stored in each model card, so a score can be reproduced.
 */
export interface PatchTransform {
  /** Side of the square crop as a fraction of the image side; 1 = the whole image. */
  readonly scale: number;
  /** Shift of the crop centre from the image centre, as a fraction of the image side (+x right). */
  readonly dx: number;
  /** Shift of the crop centre from the image centre, as a fraction of the image side (+y down). */
  readonly dy: number;
  /** Mirror left-right, applied before the rotation. */
  readonly flip: boolean;
  /** Quarter turns counter-clockwise (as displayed), applied after the flip. */
  readonly rot90: 0 | 1 | 2 | 3;
}

export interface AugmentationPlan {
  readonly name: string;
  readonly transforms: readonly PatchTransform[];
}

/**
 * The most of the image area a patch may leave out. A crop that cuts more may cut the finding out and
 * change the label, which then makes the patches "disagree" for reasons unrelated to the model's doubt.
 */
export const DEFAULT_MAX_CUT = 0.36;

const TOLERANCE = 1e-9;

export const IDENTITY: PatchTransform = { scale: 1, dx: 0, dy: 0, flip: false, rot90: 0 };

/** Rejects a plan that could crop outside the image, cut more than `maxCut`, or repeat a transform. */
export function assertAugmentationPlan(plan: AugmentationPlan, maxCut = DEFAULT_MAX_CUT): void {
  if (plan.transforms.length === 0) throw new RangeError(`plan "${plan.name}" has no transforms`);
  const seen = new Set<string>();
  plan.transforms.forEach((t, i) => {
    const at = `plan "${plan.name}", transform ${i}`;
    if (!(t.scale > 0 && t.scale <= 1)) throw new RangeError(`${at}: scale ${t.scale} is not in (0, 1]`);
    const room = (1 - t.scale) / 2 + TOLERANCE;
    if (!(Math.abs(t.dx) <= room && Math.abs(t.dy) <= room)) {
      throw new RangeError(`${at}: shift (${t.dx}, ${t.dy}) moves a ${t.scale} crop outside the image`);
    }
    const cut = 1 - t.scale * t.scale;
    if (cut > maxCut + TOLERANCE) {
      throw new RangeError(
        `${at}: scale ${t.scale} leaves out ${cut.toFixed(3)} of the image (max ${maxCut})`,
      );
    }
    if (typeof t.flip !== 'boolean' || ![0, 1, 2, 3].includes(t.rot90)) {
      throw new RangeError(`${at}: flip must be a boolean and rot90 one of 0, 1, 2, 3`);
    }
    const key = `${t.scale}|${t.dx}|${t.dy}|${t.flip}|${t.rot90}`;
    if (seen.has(key)) throw new RangeError(`${at}: repeats an earlier transform`);
    seen.add(key);
  });
}

export interface PlanGrid {
  readonly name: string;
  /** Crop sides as fractions of the image side; include 1 to keep the whole image. */
  readonly scales: readonly number[];
  /** Largest shift of the crop centre (fraction of the image side), capped so the crop stays inside. */
  readonly shift: number;
  /** How many of the 8 rotations/flips: 1 (none), 2 (plus mirror), 4 (quarter turns) or 8 (all). */
  readonly dihedral: 1 | 2 | 4 | 8;
  /** Keep this many transforms, spread evenly over the grid; the first is always the plain image. */
  readonly patches?: number;
}

/**
 * A label-preserving plan in the paper's spirit (scales x translations x rotations/flips). For each scale
 * below 1 the crop is also shifted by min(shift, room) towards each of the four corners in turn.
 */
export function buildPlan(grid: PlanGrid): AugmentationPlan {
  const dihedral = DIHEDRAL.slice(0, grid.dihedral);
  const transforms: PatchTransform[] = [];
  for (const scale of grid.scales) {
    const step = Math.min(grid.shift, (1 - scale) / 2);
    const shifts = step > 0 ? CORNERS.map(([x, y]) => [x * step, y * step] as const) : [[0, 0] as const];
    dihedral.forEach(([flip, rot90], i) => {
      const [dx, dy] = shifts[i % shifts.length]!;
      transforms.push({ scale, dx, dy, flip, rot90 });
    });
  }
  const all = transforms.sort((a, b) => Number(b.scale === 1) - Number(a.scale === 1));
  const m = grid.patches ?? all.length;
  if (!Number.isInteger(m) || m < 1 || m > all.length) {
    throw new RangeError(`plan "${grid.name}": patches must be an integer in [1, ${all.length}], got ${m}`);
  }
  const picked = Array.from({ length: m }, (_, i) => all[Math.floor((i * all.length) / m)]!);
  const plan = { name: grid.name, transforms: picked };
  assertAugmentationPlan(plan);
  return plan;
}

/** Named plans a deployment picks by name in its configuration. */
export const PLAN_PRESETS = {
  /** The plain image only: m = 1, for strategies that need no augmentation. */
  identity: { name: 'identity', scales: [1], shift: 0, dihedral: 1 },
  /** The 8 rotations/flips of the whole image: nothing is cut, no label can change. */
  dihedral: { name: 'dihedral', scales: [1], shift: 0, dihedral: 8 },
  /** The paper's recipe: 3 scales x shifts up to 10% x the 8 rotations/flips (m = 24). */
  paper: { name: 'paper', scales: [1, 0.9, 0.8], shift: 0.1, dihedral: 8 },
} as const satisfies Record<string, PlanGrid>;

export type PlanPresetName = keyof typeof PLAN_PRESETS;

const DIHEDRAL: readonly (readonly [boolean, 0 | 1 | 2 | 3])[] = [
  [false, 0],
  [true, 0],
  [false, 2],
  [true, 2],
  [false, 1],
  [true, 1],
  [false, 3],
  [true, 3],
];

const CORNERS: readonly (readonly [number, number])[] = [
  [1, 1],
  [-1, -1],
  [1, -1],
  [-1, 1],
];
