import type { ConnectionState, LoadedModel } from '../services/types.js';
import { colours, fontSizes } from '../components/theme.js';

export interface ModelStatusProps {
  readonly model: LoadedModel | null;
  readonly connection: ConnectionState;
}

/** The panel's header: which model scores the images, on what backend, and whether labels reach the server. */
export function ModelStatus({ model, connection }: ModelStatusProps) {
  const backend =
    model === null
      ? ''
      : model.backend.provider === 'wasm'
        ? `wasm · ${model.backend.threads} thread${model.backend.threads === 1 ? '' : 's'}`
        : model.backend.provider;
  return (
    <header style={{ display: 'flex', flexDirection: 'column', gap: '0.2rem' }}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '0.5rem' }}>
        <span style={{ fontSize: fontSizes.lg, fontWeight: 600 }}>AI labeling</span>
        <span
          data-testid="aift-model-version"
          data-value={model?.version}
          style={{ color: model === null ? colours.mutedForeground : colours.highlight }}
        >
          {model === null ? 'no model' : `model ${model.version}`}
        </span>
        <span
          data-testid="aift-backend"
          data-provider={model?.backend.provider}
          data-threads={model === null ? undefined : String(model.backend.threads)}
          style={{ marginLeft: 'auto', color: colours.mutedForeground, fontSize: fontSizes.xs }}
        >
          {backend}
        </span>
      </div>
      <div
        data-testid="aift-connection"
        data-online={String(connection.online)}
        data-queued={String(connection.queued)}
        role="status"
        aria-live="polite"
        style={{ display: 'flex', alignItems: 'center', gap: '0.4rem', fontSize: fontSizes.xs }}
      >
        <span
          aria-hidden="true"
          style={{
            width: '0.5rem',
            height: '0.5rem',
            borderRadius: '50%',
            background: connection.online ? colours.success : colours.warning,
          }}
        />
        <span>{connection.online ? 'online' : 'offline'}</span>
        <span style={{ color: colours.mutedForeground }}>
          {connection.queued === 0 ? 'all labels sent' : `${plural(connection.queued, 'label')} queued`}
        </span>
      </div>
      {connection.heldForOtherUser > 0 && (
        <div data-testid="aift-held" style={{ color: colours.mutedForeground, fontSize: fontSizes.xs }}>
          {plural(connection.heldForOtherUser, 'label')} made by another user wait for them to sign in
        </div>
      )}
      {connection.heldFromUnknownUser > 0 && (
        <div
          data-testid="aift-held-unknown"
          style={{ color: colours.mutedForeground, fontSize: fontSizes.xs }}
        >
          {plural(connection.heldFromUnknownUser, 'label')} from before per-user queues are kept, not sent
        </div>
      )}
      {connection.lastError !== null && (
        <div data-testid="aift-connection-error" style={{ color: colours.warning, fontSize: fontSizes.xs }}>
          {connection.lastError}
        </div>
      )}
    </header>
  );
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
