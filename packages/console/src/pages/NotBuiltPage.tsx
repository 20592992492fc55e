import type { Section } from '../app/sections.ts';
import { PageHeading } from '../components/PageHeading.tsx';

/** A section the console does not have yet: what it will do, and how to do it today. */
export function NotBuiltPage({ section }: { section: Section }) {
  return (
    <>
      <PageHeading title={section.label}>{section.label}</PageHeading>
      <div className="notice notice-info">
        <p className="notice-title">This page is not built yet.</p>
        <p>{section.summary}</p>
        {section.meanwhile === undefined ? null : (
          <p>
            Until it is, use the API: <code>{section.meanwhile}</code>.
          </p>
        )}
      </div>
    </>
  );
}
