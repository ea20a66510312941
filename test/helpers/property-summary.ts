/**
 * Counts for the property tests' one-line summaries: properties checked, runs, inputs rejected.
 */
import * as fc from 'fast-check';

export class PropertySummary {
  private properties = 0;
  private runs = 0;
  public rejected = 0;

  constructor(private readonly name: string) {}

  /** Runs a property with a fixed seed (so a failure reproduces) and counts its runs. */
  public async check<Ts extends [unknown, ...unknown[]]>(
    property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>, numRuns: number): Promise<void> {
    await fc.assert(property as fc.IAsyncProperty<Ts>, { numRuns, seed: 20261122 });
    this.properties++;
    this.runs += numRuns;
  }

  public print(): void {
    process.stdout.write(`\nproperties: ${this.name}: ${this.properties} properties, ${this.runs} runs, ${this.rejected} inputs rejected\n`);
  }
}
