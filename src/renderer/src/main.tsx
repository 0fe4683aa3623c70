// The api module goes first: in web mode it takes the token out of the URL
// fragment before anything else reads the fragment.
import './api';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/shell.css';
import './styles/iam.css';
import './styles/beanstalk.css';
import './styles/dialogs.css';
import './styles/search.css';
import './styles/databases.css';
import './styles/parameters.css';
import './styles/diagnostics.css';
import './styles/logs.css';
import './styles/deploy.css';
import './styles/overview.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
