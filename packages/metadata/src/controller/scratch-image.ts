import type { MetadataImage } from "../image/metadata-image.js";
import type { MetadataRecord } from "../records/metadata-record.js";

/**
 * The image as it would be after `records`, for computing the rest of an operation and its
 * response. Its offset (image.offset + 1) is a placeholder: this image is never kept.
 */
export function scratchImage(image: MetadataImage, records: readonly MetadataRecord[]): MetadataImage {
  return records.length === 0 ? image : image.apply(records, image.offset + 1);
}
