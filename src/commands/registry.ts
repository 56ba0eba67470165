// The plain list of commands. Adding a command = one file in this folder + one line here.
import type { Command } from '../types.ts';
import { help } from './help.ts';
import { kospiStress } from './kospiStress.ts';
import { gamma } from './gamma.ts';
import { theta } from './theta.ts';
import { volRatio } from './volRatio.ts';
import { corr } from './corr.ts';
import { aiBasket } from './aiBasket.ts';
import { digest } from './digest.ts';

export const commands: readonly Command[] = [kospiStress, help, gamma, theta, volRatio, corr, aiBasket, digest];
