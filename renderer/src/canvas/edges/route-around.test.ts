import { describe, expect, it } from 'vitest';
import { detourPath, routeAround, type Box } from './route-around.ts';

// Three columns of 240-wide cards, 100 px apart, as the layout puts them.
const card = (id: string, column: number, y: number, height = 200): Box => ({ id, x: column * 340, y, width: 240, height });

describe('an edge past the cards between its ends', () => {
  it('stays a plain curve where nothing is in its way', () => {
    const boxes = [card('a', 0, 0), card('b', 1, 0), card('c', 2, 0)];
    expect(routeAround({ x: 240, y: 100 }, { x: 340, y: 50 }, boxes, ['a', 'b'])).toBeUndefined();
    // A card between whose rows the curve passes clear of (above it).
    expect(routeAround({ x: 240, y: 20 }, { x: 680, y: 20 }, [card('a', 0, 0), card('b', 1, 100), card('c', 2, 0)], ['a', 'c'])).toBeUndefined();
  });

  it('goes along a lane below or above the card it would pass behind, whichever is the shorter way', () => {
    const boxes = [card('a', 0, 0), card('b', 1, 0), card('c', 2, 0)];
    // From low on the source to low on the target: below b (its bottom 200, and room kept).
    const low = routeAround({ x: 240, y: 150 }, { x: 680, y: 160 }, boxes, ['a', 'c']);
    expect(low).toEqual({ y: 224, fromX: 316, toX: 604, side: 1 });
    // From high to high: above it.
    expect(routeAround({ x: 240, y: 30 }, { x: 680, y: 40 }, boxes, ['a', 'c'])?.y).toBe(-24);
  });

  it('passes a column of cards whole, not into the next one of them', () => {
    const boxes = [card('a', 0, 0), card('b1', 1, 0), card('b2', 1, 230), card('c', 2, 0)];
    const detour = routeAround({ x: 240, y: 150 }, { x: 680, y: 160 }, boxes, ['a', 'c']);
    // Below b1 (224) is inside b2 (230–430 with room kept): so below b2, or above b1, which is shorter.
    expect(detour?.y).toBe(-24);
  });

  it('leaves a backward edge (right to left) as it is', () => {
    expect(routeAround({ x: 680, y: 100 }, { x: 240, y: 100 }, [card('a', 0, 0), card('b', 1, 0), card('c', 2, 0)], ['a', 'c'])).toBeUndefined();
  });

  it('is drawn from its source down to the lane, along it, and up to its target, its label on the lane', () => {
    const drawn = detourPath({ x: 240, y: 150 }, { x: 680, y: 160 }, { y: 224, fromX: 316, toX: 604, side: 1 });
    expect(drawn).toEqual({ path: 'M 240,150 C 278,150 278,224 316,224 L 604,224 C 642,224 642,160 680,160', labelX: 460, labelY: 224 });
  });
});
