/** The editor as a person sees it: nodes, ports, the palette, the inspector, the toolbar. */
import { expect, type Locator, type Page } from '@playwright/test';

export class EditorPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.locator('[data-app-state="ready"]')).toBeVisible();
  }

  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }

  handle(node: string, id: string): Locator {
    return this.node(node).locator(`.react-flow__handle[data-handleid="${id}"]`);
  }

  async dragFromPalette(label: string, to: { x: number; y: number }): Promise<void> {
    const canvas = this.page.getByTestId('canvas');
    await this.page.getByTestId(`palette-${label}`).dragTo(canvas, { targetPosition: to });
  }

  /**
   * Clicks into the YAML editor's text, as a person does, in the middle of what it shows: the middle
   * of its lines' layer can lie outside the editor (that layer is as tall and wide as the whole file),
   * and a click there left the focus on the page. Waits until the editor has the keyboard.
   */
  async focusYaml(): Promise<void> {
    const monaco = this.page.getByTestId('yaml-editor');
    await monaco.click();
    await expect(monaco.locator('.monaco-editor')).toHaveClass(/\bfocused\b/);
  }

  /** Drags from one handle to another with the mouse, as a person connects two ports. */
  async connect(from: Locator, to: Locator): Promise<void> {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('a handle is not on screen');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(a.x + 40, a.y + 20, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Opens a step's panel from the palette (its **edit**). */
  async editStep(name: string): Promise<void> {
    await this.page.getByTestId(`palette-${name}`).getByRole('button', { name: `Edit step ${name}` }).click();
  }

  /** Adds a parameter in the open step's panel (its name and type, then **Add**). */
  async addStepParameter(name: string, type: string): Promise<void> {
    await this.page.getByLabel('New parameter name').fill(name);
    await this.page.getByLabel('Type').selectOption(type);
    await this.page.getByRole('button', { name: 'Add parameter', exact: true }).click();
  }

  async select(node: string): Promise<void> {
    await this.node(node).locator('.node-name').click();
    await expect(this.page.getByTestId('node-name')).toHaveValue(node);
  }

  edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  toast(): Locator {
    return this.page.getByTestId('toast');
  }

  param(name: string): Locator {
    return this.page.getByTestId(`param-${name}`);
  }

  async setParam(name: string, value: string): Promise<void> {
    await this.param(name).fill(value);
    await this.param(name).press('Enter');
  }

  /** Types a value into a field and presses Enter, as a person commits it. */
  async enter(field: Locator, value: string): Promise<void> {
    await field.fill(value);
    await field.press('Enter');
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
}
