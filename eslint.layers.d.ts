import type { Linter } from 'eslint';

/** The layer rules (see eslint.layers.js). */
export declare const layers: Linter.Config[];
