/** The Rill release every process and tool reports (`rill --version`, health, metrics). */
export const RILL_VERSION = "0.1.0";
