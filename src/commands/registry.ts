// The plain list of commands, in the order /help shows them.
// Adding a command = one file in this folder + one line here.
import type { Command } from '../core/types.ts';
import { kospiStress } from './kospiStress.ts';
import { gamma } from './gamma.ts';
import { volRatio } from './volRatio.ts';
import { corr } from './corr.ts';
import { theta } from './theta.ts';
import { aiBasket } from './aiBasket.ts';
import { digest } from './digest.ts';
import { help } from './help.ts';
import { alert } from './alert.ts';
import { calendar } from './calendar.ts';
import { settings } from './settings.ts';

export const commands: readonly Command[] = [kospiStress, gamma, volRatio, corr, theta, aiBasket, digest, alert, calendar, settings, help];
