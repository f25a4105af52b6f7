// Keyboard movement in a drawn grid (the matrix): arrows move one cell, Home/End go to the row's ends,
// Ctrl+Home/End to the corners, PageUp/PageDown five rows. The WAI-ARIA grid pattern, as a pure function.

/**
 * The geometry every drawn grid of cells shares (the matrix, the architect heatmap): the drawing's
 * size, where the cells start, one cell's size, and its row and column headers with their positions.
 */
export interface GridLayout<Row, Col> {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly cellW: number;
  readonly cellH: number;
  readonly rows: readonly Row[];
  readonly cols: readonly Col[];
}

export interface GridPos {
  readonly row: number;
  readonly col: number;
}

/** Where focus goes for `key` (null when the key is not a grid move). */
export function moveInGrid(
  pos: GridPos,
  key: string,
  size: { rows: number; cols: number },
  ctrl = false,
): GridPos | null {
  const clampRow = (r: number) => Math.max(0, Math.min(size.rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(size.cols - 1, c));
  switch (key) {
    case 'ArrowRight':
      return { row: pos.row, col: clampCol(pos.col + 1) };
    case 'ArrowLeft':
      return { row: pos.row, col: clampCol(pos.col - 1) };
    case 'ArrowDown':
      return { row: clampRow(pos.row + 1), col: pos.col };
    case 'ArrowUp':
      return { row: clampRow(pos.row - 1), col: pos.col };
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : { row: pos.row, col: 0 };
    case 'End':
      return ctrl ? { row: size.rows - 1, col: size.cols - 1 } : { row: pos.row, col: size.cols - 1 };
    case 'PageDown':
      return { row: clampRow(pos.row + 5), col: pos.col };
    case 'PageUp':
      return { row: clampRow(pos.row - 5), col: pos.col };
    default:
      return null;
  }
}
