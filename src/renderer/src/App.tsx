import { useEffect } from 'react';
import { ReviewChangeDialog } from './components/PlanPreview';
import { SectionNav } from './components/SectionNav';
import { SessionNotices } from './components/SessionNotices';
import { SignInDialog } from './components/SignInDialog';
import { TopBar } from './components/TopBar';
import { useNavigation } from './stores/navigation';
import { useSession } from './stores/session';
import { BeanstalkView } from './views/beanstalk/BeanstalkView';
import { ApplicationVersionsView } from './views/deploy/ApplicationVersionsView';
import { DeployDialog } from './views/deploy/DeployDialog';
import { IamView } from './views/iam/IamView';
import { DatabasesView } from './views/databases/DatabasesView';
import { DiagnosticsView } from './views/diagnostics/DiagnosticsView';
import { LabView } from './views/lab/LabView';
import { OverviewView } from './views/overview/OverviewView';
import { JournalView } from './views/journal/JournalView';
import { ParametersView } from './views/parameters/ParametersView';
import { SearchView } from './views/search/SearchView';

export function App() {
  const section = useNavigation((s) => s.route.section);
  const applicationName = useNavigation((s) => s.route.applicationName);

  useEffect(() => {
    void useSession.getState().init();
  }, []);

  return (
    <div className="app">
      <TopBar />
      <div className="body">
        <SectionNav />
        <main className="content">
          <SessionNotices />
          {section === 'overview' ? (
            <OverviewView />
          ) : section === 'parameters' ? (
            <ParametersView />
          ) : section === 'search' ? (
            <SearchView />
          ) : section === 'databases' ? (
            <DatabasesView />
          ) : section === 'diagnostics' ? (
            <DiagnosticsView />
          ) : section === 'lab' ? (
            <LabView />
          ) : section === 'journal' ? (
            <JournalView />
          ) : section === 'beanstalk' && applicationName ? (
            <ApplicationVersionsView applicationName={applicationName} />
          ) : section === 'beanstalk' ? (
            <BeanstalkView />
          ) : (
            <IamView />
          )}
        </main>
      </div>
      <DeployDialog />
      <ReviewChangeDialog />
      <SignInDialog />
    </div>
  );
}
