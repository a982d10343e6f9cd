import type { AiftServices } from '../services/types.js';
import { FrameStrip } from '../components/FrameStrip.js';
import { frameIndex } from '../components/frameIndex.js';
import { labelingHotkeys } from '../components/hotkeys.js';
import { LabelsSaved } from '../components/LabelsSaved.js';
import { LearningCurve } from '../components/LearningCurve.js';
import { colours, fontSizes } from '../components/theme.js';
import { useAiftStyle } from '../components/useAiftStyle.js';
import { useObservable } from '../components/useObservable.js';
import { EXPLAIN, rankingName } from '../components/vocabulary.js';
import { Worklist } from '../components/Worklist.js';
import { CurrentCase } from './CurrentCase.js';
import { HeatMapControls } from './HeatMapControls.js';
import { LabelActions } from './LabelActions.js';
import { ModelStatus } from './ModelStatus.js';
import { Problems } from './Problems.js';
import { ProjectCounts } from './ProjectCounts.js';
import { Section } from './Section.js';
import { TrainingStatus } from './TrainingStatus.js';
import { useAction } from './useAction.js';

/** The right-hand panel: the model and the server's state, the case on screen, labeling, and the worklist. */
export function LabelingPanel({ services }: { services: AiftServices }) {
  useAiftStyle();
  const model = useObservable(services.model);
  const connection = useObservable(services.connection);
  const training = useObservable(services.training);
  const progress = useObservable(services.progress);
  const screen = useObservable(services.screen);
  const currentCase = useObservable(services.currentCase);
  const undone = useObservable(services.undone);
  const score = useObservable(services.score);
  const strip = useObservable(services.strip);
  const overlay = useObservable(services.overlay);
  const lastLabel = useObservable(services.lastLabel);
  const worklist = useObservable(services.worklist);
  const curve = useObservable(services.curve);
  const problems = useObservable(services.problems);
  // Read on every render: the classes follow the model, and a new model re-renders the panel.
  const classes = services.classes();
  const hotkeys = labelingHotkeys(classes);
  const action = useAction(
    screen.status === 'nothing' ? '' : `${screen.frame.sopInstanceUid}/${screen.frame.frame}`,
  );

  return (
    <div
      data-testid="aift-panel"
      role="region"
      aria-label="AI-assisted labeling"
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: '0.5rem',
        padding: '0.5rem',
        height: '100%',
        boxSizing: 'border-box',
        overflowY: 'auto',
        background: colours.background,
        color: colours.foreground,
        fontSize: fontSizes.base,
        lineHeight: 1.4,
      }}
    >
      <ModelStatus model={model} connection={connection} />
      <Problems problems={problems} />
      <TrainingStatus training={training} />
      <ProjectCounts progress={progress} />
      <Section title="Current case">
        <div style={{ display: 'flex', flexDirection: 'column', gap: '0.5rem' }}>
          <CurrentCase
            screen={screen}
            score={score}
            model={model}
            undone={undone}
            onWorklist={
              currentCase !== null && worklist.cases.some((c) => c.candidateId === currentCase.candidateId)
            }
          />
          <FrameStrip
            strip={strip}
            currentIndex={strip === null ? null : frameIndex(strip, score?.frame ?? null)}
            onJump={(index) => services.jumpToFrame(index)}
          />
          <HeatMapControls services={services} overlay={overlay} />
        </div>
      </Section>
      <Section title="Label">
        <LabelActions
          services={services}
          classes={classes}
          hotkeys={hotkeys}
          hasCase={currentCase !== null}
          previous={
            currentCase !== null && undone?.candidateId === currentCase.candidateId ? undone.value : null
          }
          lastLabel={lastLabel}
          action={action}
        />
      </Section>
      <Section
        title="Worklist"
        aside={
          worklist.modelVersion === null || worklist.ranking === null ? undefined : (
            <span
              data-testid="aift-worklist-model"
              data-ranking={worklist.ranking.by}
              title={worklist.ranking.by === 'coldStart' ? EXPLAIN.coldStart : EXPLAIN.worthiness}
              style={{ textTransform: 'none', textAlign: 'right' }}
            >
              by {rankingName(worklist.ranking)} · {worklist.modelVersion}
            </span>
          )
        }
      >
        <Worklist
          cases={worklist.cases}
          ranking={worklist.ranking}
          currentId={currentCase?.candidateId ?? null}
          onOpen={(candidateId) => action.run(() => services.openCase(candidateId))}
        />
      </Section>
      <Section title="Learning curve">
        <LearningCurve curve={curve} />
        <LabelsSaved estimate={progress?.labelsSaved ?? null} />
      </Section>
    </div>
  );
}
