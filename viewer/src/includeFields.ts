// QIDO-RS `includefield` may be a comma-separated list or a repeated parameter (DICOM PS3.18 8.3.4.3); OHIF
// sends the list, and Orthanc's DICOMweb plugin reads only the repeated form (it drops StudyDescription
// from the study list). Splitting the list into repeats means the same to every conforming PACS.

/** The request path (with query) with comma-separated includefield values repeated; else as it was. */
export function repeatIncludeFields(path: string): string {
  const queryStart = path.indexOf('?');
  if (queryStart < 0) return path;
  const params = new URLSearchParams(path.slice(queryStart + 1));
  const fields = params.getAll('includefield');
  if (!fields.some((field) => field.includes(','))) return path;
  params.delete('includefield');
  for (const field of fields.flatMap((list) => list.split(','))) {
    if (field !== '') params.append('includefield', field);
  }
  return `${path.slice(0, queryStart + 1)}${params.toString()}`;
}
