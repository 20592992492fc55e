/** Previous / next over pages of a list, with where we are said in words; hidden when everything fits on one page. */
export function Pagination({ page, pageCount, total, onPage, label }: { page: number; pageCount: number; total: number; onPage: (page: number) => void; label: string }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={`${label} pages`}>
      <button type="button" className="button button-secondary" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page} of {pageCount} ({total} in all)
      </span>
      <button type="button" className="button button-secondary" onClick={() => onPage(page + 1)} disabled={page >= pageCount}>
        Next
      </button>
    </nav>
  );
}
