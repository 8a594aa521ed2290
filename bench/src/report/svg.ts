// A horizontal bar chart as SVG, written by hand (no dependency): one panel per table,
// one row per contestant, one bar per group (payload or calls in flight) with a min–max
// whisker and the median's value.

export interface Bar {
  group: string;
  median: number;
  min: number;
  max: number;
  /** Printed after the value, e.g. the ratio to the baseline. */
  note: string;
}

export interface Panel {
  title: string;
  unit: string;
  rows: { label: string; bars: Bar[] }[];
}

const width = 960;
const labelWidth = 300;
const plotWidth = 440;
const barHeight = 14;
const rowGap = 10;
const colors = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const compact = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)}k` : value.toFixed(0));
const text = (x: number, y: number, content: string, attributes = "") =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes}>${escapeXml(content)}</text>`;

export function barChart(title: string, subtitle: string, panels: readonly Panel[]): string {
  const parts = [text(10, 20, title, ' font-size="15" font-weight="bold"'), text(10, 36, subtitle, ' fill="#4a5568"')];
  let y = 40;
  for (const panel of panels) {
    const bars = panel.rows.flatMap((row) => row.bars);
    const groups = [...new Set(bars.map((bar) => bar.group))];
    const color = (group: string) => colors[groups.indexOf(group) % colors.length]!;
    const top = Math.max(...bars.map((bar) => bar.max));
    const x = (value: number) => labelWidth + (value / top) * plotWidth;
    y += 24;
    parts.push(text(10, y, panel.title, ' font-size="13" font-weight="bold"'));
    groups.forEach((group, index) => {
      const left = labelWidth + index * 130;
      parts.push(`<rect x="${left}" y="${y - 10}" width="10" height="10" fill="${color(group)}"/>`);
      parts.push(text(left + 14, y, group));
    });
    y += 10;
    for (const row of panel.rows) {
      parts.push(text(labelWidth - 8, y + (row.bars.length * barHeight) / 2 + 4, row.label, ' text-anchor="end"'));
      row.bars.forEach((bar, index) => {
        const middle = y + index * barHeight + barHeight / 2;
        const length = (x(bar.median) - labelWidth).toFixed(1);
        const [from, to] = [x(bar.min).toFixed(1), x(bar.max).toFixed(1)];
        parts.push(
          `<rect x="${labelWidth}" y="${middle - barHeight / 2 + 1}" width="${length}" height="${barHeight - 2}"` +
            ` fill="${color(bar.group)}"/>`,
          `<line x1="${from}" x2="${to}" y1="${middle}" y2="${middle}" stroke="#1a202c"/>`,
          text(x(bar.max) + 6, middle + 4, `${compact(bar.median)} ${panel.unit} · ${bar.note}`),
        );
      });
      y += row.bars.length * barHeight + rowGap;
    }
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
      ' font-family="sans-serif" font-size="11" fill="#1a202c">',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
