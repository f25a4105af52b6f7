// The drawing-as-data layer: building nodes, deterministic serialization with rounded numbers, lookups.
import { describe, expect, it } from 'vitest';
import {
  attrText,
  findAll,
  findById,
  h,
  round,
  roundNumbersIn,
  serializeSvg,
} from '../../renderer/src/d3/svg-tree.js';

describe('svg-tree', () => {
  it('rounds numbers to one decimal and never writes -0', () => {
    expect(round(1.2345)).toBe(1.2);
    expect(round(-0.04)).toBe(0);
    expect(Object.is(round(-0.04), -0)).toBe(false);
    expect(round(2.25, 0)).toBe(2);
    expect(roundNumbersIn('M10.123,20.987 Q1.05,2 3.14159,4')).toBe('M10.1,21 Q1.1,2 3.1,4');
  });

  it('writes attributes in order, drops null/false, writes true as presence', () => {
    expect(attrText(null)).toBeNull();
    expect(attrText(false)).toBeNull();
    expect(attrText(true)).toBe('');
    const svg = serializeSvg(
      h('rect', { x: 1.264, y: null, hidden: true, fill: 'url(#p-content)', opacity: 0.55 }),
    );
    expect(svg).toBe('<rect x="1.26" hidden fill="url(#p-content)" opacity="0.55"/>');
  });

  it('escapes text and attribute values', () => {
    const svg = serializeSvg(h('g', { 'aria-label': 'a "b" <c>' }, [h('text', {}, 'x < y & z')]), {
      pretty: false,
    });
    expect(svg).toBe('<g aria-label="a &quot;b&quot; &lt;c&gt;"><text>x &lt; y &amp; z</text></g>');
  });

  it('serializes the same tree to the same text, indented one element per line', () => {
    const tree = () =>
      h('svg', { viewBox: '0 0 10.004 5' }, [h('g', { id: 'a' }, [h('circle', { r: 3.3333 })]), false, null]);
    expect(serializeSvg(tree())).toBe(serializeSvg(tree()));
    expect(serializeSvg(tree()).split('\n')).toEqual([
      '<svg viewBox="0 0 10 5">',
      '  <g id="a">',
      '    <circle r="3.33"/>',
      '  </g>',
      '</svg>',
    ]);
  });

  it('finds nodes by id and by predicate', () => {
    const tree = h('svg', {}, [h('g', { id: 'x' }, [h('rect', { id: 'y' }), h('rect', {})])]);
    expect(findById(tree, 'y')?.tag).toBe('rect');
    expect(findById(tree, 'nope')).toBeUndefined();
    expect(findAll(tree, (n) => n.tag === 'rect')).toHaveLength(2);
  });
});
