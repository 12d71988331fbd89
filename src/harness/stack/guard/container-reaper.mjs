// Removes the containers of one test run when the process that started them goes away, even by
// SIGKILL. It plays the part of testcontainers' Ryuk on machines where Ryuk's image cannot be pulled
// (TESTCONTAINERS_RYUK_DISABLED=true): containers are found by a label unique to the run, so those
// still starting when the parent died are removed too.
// Usage: node container-reaper.mjs '<json config>': { parentPid, label: "key=value", docker: {...} }
// where docker is { socketPath } or { protocol: "http" | "https", host, port, ca?, cert?, key? }.
import http from 'node:http';
import https from 'node:https';
import { reportToParent, watchParent } from './lifeline.mjs';

const config = JSON.parse(process.argv[2]);
const REQUEST_TIMEOUT_MS = 10_000;

reportToParent({ watching: config.label });

watchParent(config.parentPid, async () => {
  let removed = 0;
  try {
    const filters = encodeURIComponent(JSON.stringify({ label: [config.label] }));
    const containers = await dockerRequest('GET', `/containers/json?all=1&filters=${filters}`);
    for (const container of containers) {
      await dockerRequest('DELETE', `/containers/${container.Id}?force=true&v=true`).catch(() => undefined);
      removed += 1;
    }
    reportToParent({ removed });
    process.exit(0);
  } catch (error) {
    reportToParent({ error: error.message });
    process.exit(1);
  }
});

function dockerRequest(method, path) {
  const { docker } = config;
  const transport = docker.protocol === 'https' ? https : http;
  const target = docker.socketPath
    ? { socketPath: docker.socketPath }
    : { host: docker.host, port: docker.port, ca: docker.ca, cert: docker.cert, key: docker.key };
  return new Promise((resolve, reject) => {
    const request = transport.request({ ...target, method, path, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode >= 400 && response.statusCode !== 404) {
          reject(new Error(`docker ${method} ${path}: HTTP ${response.statusCode} ${body}`));
        } else {
          resolve(body ? JSON.parse(body) : undefined);
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`docker ${method} ${path}: no answer`)));
    request.on('error', reject);
    request.end();
  });
}
