import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { connect } from './api/links';
import { App } from './app/App';
import './styles.css';

const connection = connect(window);
const client = createClient(connection.link);
const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App client={client} connection={connection} />
    </StrictMode>,
  );
}
