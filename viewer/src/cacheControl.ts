// Cache-Control values. Generated and unhashed files are revalidated on every load (ETag / Last-Modified
// make that a 304), so a changed plugin or configuration shows up on reload; content-hashed bundles never
// change under their name and are cached for good.

export const REVALIDATE = 'no-cache';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
