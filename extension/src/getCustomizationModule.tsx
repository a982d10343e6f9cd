// OHIF's study list (the page at /, outside any mode) gets a column of AIFT marks: a global customization,
// so it applies before any mode is entered. `workList.columns` is an immutability-helper command on OHIF's
// column list; the column goes before the trailing actions column, as OHIF's own documentation asks.
import { StudyMarks } from './components/StudyMarks.js';
import type { AiftSession } from './ohif/AiftSession.js';

/** OHIF's id of the row-end actions column (ui-next StudyList COLUMN_IDS.ACTIONS). */
const ACTIONS_COLUMN = 'actions';
export const STUDY_MARKS_COLUMN = 'aiftMarks';
const LABEL = 'AI labeling';

export interface Column {
  readonly id?: string;
}

export interface StudyRowCell {
  readonly row: { readonly original: { readonly studyInstanceUid?: string } };
}

export function getCustomizationModule(session: AiftSession) {
  const column = {
    id: STUDY_MARKS_COLUMN,
    header: () => LABEL,
    enableSorting: false,
    cell: ({ row }: StudyRowCell) => {
      const uid = row.original.studyInstanceUid;
      return uid === undefined ? null : <StudyMarks studyInstanceUid={uid} load={session.loadStudyMark} />;
    },
    meta: {
      label: LABEL,
      headerClassName: 'min-w-[170px]',
      cellClassName: 'min-w-[170px]',
      minWidth: 170,
      // Where the list is too narrow, OHIF hides the lowest priorities first: after MRN (20) and accession
      // (30), before the instance count (50), modalities, date, description and patient.
      priority: 40,
    },
  };
  return [
    {
      name: 'global',
      value: {
        'workList.columns': {
          $apply: (columns: readonly Column[]) => {
            const kept = columns.filter((c) => c.id !== STUDY_MARKS_COLUMN);
            const actions = kept.findIndex((c) => c.id === ACTIONS_COLUMN);
            const at = actions < 0 ? kept.length : actions;
            return [...kept.slice(0, at), column, ...kept.slice(at)];
          },
        },
      },
    },
  ];
}
