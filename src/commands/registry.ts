// The plain list of commands. Adding a command = one file in this folder + one line here.
import type { Command } from '../types.ts';
import { kospiStress } from './kospiStress.ts';
import { volRatio } from './volRatio.ts';
import { corr } from './corr.ts';
import { aiBasket } from './aiBasket.ts';
import { help } from './help.ts';
import { gamma } from './gamma.ts';
import { theta } from './theta.ts';

export const commands: readonly Command[] = [kospiStress, gamma, volRatio, corr, theta, aiBasket, help];
