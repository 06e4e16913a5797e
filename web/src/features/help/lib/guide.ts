import guide from '../../../../../docs/ja/staff-guide.md?raw';

/**
 * The staff guide, docs/ja/staff-guide.md, read into the bundle at build time: the same file people
 * read in the repository is the one the app shows, so the two never drift.
 */
export const staffGuide: string = guide;

// Its screenshots become files of the build (hashed names under assets/), served like any other asset.
const images = import.meta.glob<string>('../../../../../docs/ja/images/*.png', { eager: true, query: '?url', import: 'default' });
const byName = new Map(Object.entries(images).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));

/** The built URL of an image the guide links as `images/<name>.png`; other addresses are left as they are. */
export function guideImageUrl(src: string | undefined): string | undefined {
  if (src === undefined) return undefined;
  const match = /^(?:\.\/)?images\/([\w.-]+\.png)$/.exec(src);
  return match ? (byName.get(match[1]!) ?? src) : src;
}
