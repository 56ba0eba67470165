// @napi-rs/canvas, loaded with require. The render worker runs as ES modules, and an ES import of a CommonJS
// package makes Node scan the package's source for its export names (cjs-module-lexer, run as JavaScript on
// Node 20): over the 29 kB entry that scan ran hot enough for TurboFan to compile it on every start (25 ms on a
// background thread). A render pool's start to its first chart, CPU: 180–201 → 163–173 ms (medians of 8 starts).
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

export const { Canvas, GlobalFonts, Path2D } = createRequire(import.meta.url)('@napi-rs/canvas') as typeof NapiCanvas;
export type Canvas = NapiCanvas.Canvas;
export type Path2D = NapiCanvas.Path2D;
