// Public API of @rill/metadata; each module adds its exports here.
