import { routeHref, sections } from '../model/route';
import { useNavigation } from '../stores/navigation';

export function SectionNav() {
  const section = useNavigation((s) => s.route.section);
  return (
    <nav className="sections" aria-label="Sections">
      <ul>
        {sections.map((s) => (
          <li key={s.id}>
            <a href={routeHref({ section: s.id })} aria-current={section === s.id ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
