import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChartBars, niceMax } from './ChartBars.tsx';

describe('the bar chart', () => {
  it('rounds the axis up so the half-way line is a whole count', () => {
    expect([0, 1, 2, 3, 5, 9, 11, 33, 101].map(niceMax)).toEqual([2, 2, 2, 4, 10, 10, 20, 40, 200]);
  });

  it('is an image named by its title and description, with a value on each bar and the numbers as a table', () => {
    render(<ChartBars title="Sends" description="Sent per day" categories={['2025-06-01', '2025-06-02']} series={[{ name: 'Sent', values: [3, 0] }, { name: 'Clicked', values: [1, 0] }]} />);
    const chart = screen.getByRole('img', { name: 'Sends Sent per day' });
    expect([...chart.querySelectorAll('rect title')].map((t) => t.textContent)).toEqual(['2025-06-01, Sent: 3', '2025-06-01, Clicked: 1', '2025-06-02, Sent: 0', '2025-06-02, Clicked: 0']);
    expect(screen.getByText('Sent: 3 in all')).toBeTruthy();
    expect(screen.getByRole('row', { name: '2025-06-01 3 1' })).toBeTruthy();
  });
});
