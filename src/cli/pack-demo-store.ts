/** Build step: writes the generated demo store next to demo-store.js, so `snoooz draft` and `snoooz demo` skip faker. */
import { packDemoStore } from './demo-store.js';

await packDemoStore();
