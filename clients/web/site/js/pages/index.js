// Every page of the app, in the order of the top navigation.
import { page as overview } from './overview.js';
import { page as subproject } from './subproject.js';
import { page as target } from './target.js';
import { page as assignment } from './assignment.js';
import { page as supervision } from './supervision.js';
import { page as journal } from './journal.js';
import { page as replay } from './replay.js';
import { page as report } from './report.js';
import { page as forms } from './forms.js';
import { page as check } from './check.js';
import { page as households } from './households.js';
import { page as posting } from './posting.js';

export const pages = [overview, households, posting, journal, replay, report, forms, check, subproject, target, assignment, supervision];
