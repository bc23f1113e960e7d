import { fitBoundsToDisplays, MIN_VISIBLE } from '../../electron/displayBounds';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
/** A second monitor to the right of the primary one. */
const right = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('fitBoundsToDisplays', () => {
  it('keeps saved bounds that lie on a connected display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800 };
    expect(fitBoundsToDisplays(saved, [primary], primary)).toEqual(saved);
    const onRight = { x: 2200, y: 100, width: 1600, height: 1000 };
    expect(fitBoundsToDisplays(onRight, [primary, right], primary)).toEqual(onRight);
  });

  it('drops the position of a window left on a monitor that is gone, and fits its size to the primary display', () => {
    const onRight = { x: 2200, y: 100, width: 2400, height: 1300, maximized: true };
    expect(fitBoundsToDisplays(onRight, [primary], primary)).toEqual({ width: 1920, height: 1040 });
    expect(fitBoundsToDisplays({ x: -5000, y: -5000, width: 1000, height: 700 }, [primary], primary)).toEqual({ width: 1000, height: 700 });
  });

  it('keeps the position only when at least 100×50 px are visible on one work area', () => {
    const size = { width: 1000, height: 700 };
    // Exactly MIN_VISIBLE wide at the primary's right edge: kept; one pixel less: dropped.
    const edge = primary.width - MIN_VISIBLE.width;
    expect(fitBoundsToDisplays({ ...size, x: edge, y: 0 }, [primary], primary)).toEqual({ ...size, x: edge, y: 0 });
    expect(fitBoundsToDisplays({ ...size, x: edge + 1, y: 0 }, [primary], primary)).toEqual(size);
    // Only a sliver of the window peeks out below the work area's top: too little.
    expect(fitBoundsToDisplays({ ...size, x: 0, y: -size.height + MIN_VISIBLE.height - 1 }, [primary], primary)).toEqual(size);
    expect(fitBoundsToDisplays({ ...size, x: 0, y: -size.height + MIN_VISIBLE.height }, [primary], primary)).toEqual({
      ...size,
      x: 0,
      y: -size.height + MIN_VISIBLE.height,
    });
  });

  it('treats the gap beside a taller monitor as off-screen, though it is inside the displays’ bounding box', () => {
    // Below the 1040 px primary, left of the 1400 px monitor on the right: on neither.
    const inGap = { x: 100, y: 1100, width: 1000, height: 700 };
    expect(fitBoundsToDisplays(inGap, [primary, right], primary)).toEqual({ width: 1000, height: 700 });
  });

  it('clamps the size of bounds saved without a position', () => {
    expect(fitBoundsToDisplays({ width: 3000, height: 2000 }, [primary], primary)).toEqual({ width: 1920, height: 1040 });
    expect(fitBoundsToDisplays({ width: 1000, height: 700 }, [], primary)).toEqual({ width: 1000, height: 700 });
  });

  it('treats a display arrangement with negative coordinates like any other', () => {
    const left = { x: -1920, y: 0, width: 1920, height: 1040 };
    const saved = { x: -1500, y: 200, width: 1000, height: 700 };
    expect(fitBoundsToDisplays(saved, [primary, left], primary)).toEqual(saved);
    expect(fitBoundsToDisplays(saved, [primary], primary)).toEqual({ width: 1000, height: 700 });
  });
});
