import { testCore } from '../tests/core/helpers';
const t = await testCore();
const a = await t.call('accounts.create', { name: 'Acme Corp', notes: 'Kubernetes upgrade planned; "weird" NEAR(stuff) café' });
await t.call('accounts.create', { name: 'Globex', notes: 'Networking issues with kube-proxy' });
for (const q of ['kub', 'acme', 'cafe', 'NEAR(', '"', '*', 'a OR b', '🙂', 'kube proxy', 'AND', 'x:y', '-', '^foo']) {
  console.log(q, JSON.stringify(await t.call('search.query', { text: q })));
}
console.log(JSON.stringify(await t.call('timeline.list', { accountId: a.id }), null, 1));
t.close();
