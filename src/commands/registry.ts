// The plain list of commands. Adding a command = one file in this folder + one line here.
import type { Command } from '../types.ts';
import { help } from './help.ts';
import { volRatio } from './volRatio.ts';
import { corr } from './corr.ts';
import { aiBasket } from './aiBasket.ts';

export const commands: readonly Command[] = [help, volRatio, corr, aiBasket];
