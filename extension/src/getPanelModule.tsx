import { PANEL_NAME } from './id.js';
import type { AiftSession } from './ohif/AiftSession.js';
import { AiftPanel } from './ohif/AiftPanel.js';

/** The labeling panel (right side of the AIFT mode). */
export function getPanelModule(session: AiftSession) {
  return [
    {
      name: PANEL_NAME,
      iconName: 'tab-patient-info',
      iconLabel: 'AIFT',
      label: 'AIFT labeling',
      component: () => <AiftPanel session={session} />,
    },
  ];
}
