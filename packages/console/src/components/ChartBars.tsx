/**
 * A small bar chart in SVG, drawn here rather than by a chart library: one group of bars per category (a day),
 * one bar per series. It is an image with a title and a description for screen readers, each bar carries its
 * value as a tooltip title, and the same numbers are one click away as a table. Colours come from CSS classes
 * (chart-series-0…3), so there is no inline style.
 */
import { useId } from 'react';

export interface ChartSeries {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

/** A round upper bound for the axis (2, 4 or 10 × 10^n, at least 2), so the half-way line is a whole count too. */
export function niceMax(max: number): number {
  if (max <= 2) return 2;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [2, 4, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

export function ChartBars({ title, description, categories, series, categoryLabel = (c) => c }: {
  title: string;
  description: string;
  categories: string[];
  series: ChartSeries[];
  categoryLabel?: (category: string) => string;
}) {
  const id = useId();
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  // Label at most ~8 categories along the axis, always the first and the last.
  const every = Math.max(1, Math.ceil(categories.length / 8));

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" className="chart-axis">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {categories.map((c, i) => (
          <g key={c}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return (
                <rect key={s.name} x={PAD.left + i * groupW + groupW * 0.1 + j * barW} y={y(v)} width={barW} height={PAD.top + plotH - y(v)} className={`chart-bar chart-series-${j % 4}`}>
                  <title>{`${categoryLabel(c)}, ${s.name}: ${v}`}</title>
                </rect>
              );
            })}
            {i % every === 0 || i === categories.length - 1 ? (
              <text x={PAD.left + i * groupW + groupW / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-axis">
                {categoryLabel(c)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label={`${title}: series`}>
          {series.map((s, j) => (
            <li key={s.name}>
              <span className={`chart-swatch chart-series-${j % 4}`} aria-hidden="true" />
              {s.name}: {s.values.reduce((a, b) => a + b, 0)} in all
            </li>
          ))}
        </ul>
        <details className="chart-data">
          <summary>{title} as a table</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {series.map((s) => (
                    <th scope="col" key={s.name}>
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {categories.map((c, i) => (
                  <tr key={c}>
                    <th scope="row">{categoryLabel(c)}</th>
                    {series.map((s) => (
                      <td key={s.name}>{s.values[i] ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
