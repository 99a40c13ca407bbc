// The same app on four targets: Node, the Lambda dev server (in-process runtime and
// aws-lambda-ric) and wrangler dev. Every conformance case must observe the same thing on all
// of them, and the official openai SDK must work against each. Each target's PROXY_TARGET is a
// separate fixture server, so /api/proxy/* runs that target's platform proxy over the network.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAnswer } from '../src/llm/local-answers.ts';
import { CASES, type CaseContext, GZIP_PROXY_CASE } from './conformance/cases.ts';
import type { Observation } from './conformance/http.ts';
import { formatMatrix } from './conformance/matrix.ts';
import {
  expectedFixtureSha,
  FIXTURE_SERVER_HEADER,
  type FixtureServer,
  startFixtureServer,
} from './support/fixture-server.ts';
import {
  startLambda,
  startNode,
  startWrangler,
  type Target,
  type TargetName,
  TEST_ENV,
} from './support/targets.ts';

const NAMES: TargetName[] = ['node', 'lambda-in-process', 'lambda-ric', 'wrangler'];
const targets = new Map<TargetName, Target>();
const results = new Map<string, string>(); // `${target}/${case}` -> ok | DIFF | FAIL
let fixtureServer: FixtureServer;
let context: CaseContext;

beforeAll(async () => {
  fixtureServer = await startFixtureServer();
  context = { fixtureServer };
  const env = { ...TEST_ENV, PROXY_TARGET: fixtureServer.url };
  const started = await Promise.allSettled([
    startNode(env),
    startLambda('in-process', env),
    startLambda('ric', env),
    startWrangler(env),
  ]);
  for (const outcome of started) {
    if (outcome.status === 'fulfilled') targets.set(outcome.value.name, outcome.value);
  }
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

afterAll(async () => {
  if (results.size > 0) {
    const table = formatMatrix(
      NAMES,
      CASES.map((c) => c.name),
      (target, name) => results.get(`${target}/${name}`) ?? '-',
    );
    console.log(`conformance matrix (reference: node)\n${table}`);
  }
  await Promise.all([...targets.values()].map((target) => target.close()));
  await fixtureServer?.close();
});

describe('conformance: one list of cases, identical on every target', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const observed = new Map<TargetName, Observation>();
      for (const name of NAMES) {
        const target = targets.get(name)!;
        observed.set(name, await testCase.run(target.url, context));
      }
      const reference = observed.get('node')!;
      const problems: string[] = [];
      for (const name of NAMES) {
        const observation = observed.get(name)!;
        let verdict = 'ok';
        try {
          await testCase.check(observation);
        } catch (error) {
          verdict = 'FAIL';
          problems.push(`${name}: ${(error as Error).message}`);
        }
        if (verdict === 'ok' && !isDeepEqual(observation, reference)) {
          verdict = 'DIFF';
          problems.push(`${name} differs from node: ${JSON.stringify(observation)}`);
        }
        results.set(`${name}/${testCase.name}`, verdict);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('without PROXY_TARGET', () => {
  it('node: /api/proxy/fixtures/* is the own fixture, made in process, byte for byte', async () => {
    const own = await startNode();
    try {
      const o = await GZIP_PROXY_CASE.run(own.url, context);
      expect(o.status).toBe(200);
      expect(o.headers['content-encoding']).toBe('gzip');
      expect(o.body.sha256).toBe(await expectedFixtureSha());
      expect(o.headers[FIXTURE_SERVER_HEADER]).toBeUndefined();
      expect(o.facts).toMatchObject({ fixtureServerHits: 0 });
    } finally {
      await own.close();
    }
  });
});

describe('the openai SDK streams the same text as its non-streaming call', () => {
  const messages = [{ role: 'user' as const, content: 'What does the gzip proxy do?' }];
  for (const name of NAMES) {
    it(`on ${name}`, async () => {
      const client = new OpenAI({
        baseURL: `${targets.get(name)!.url}/v1`,
        apiKey: 'not-needed',
        maxRetries: 0,
      });
      const whole = await client.chat.completions.create({ model: 'demo', messages });
      const stream = await client.chat.completions.create({
        model: 'demo',
        messages,
        stream: true,
      });
      let streamed = '';
      let chunks = 0;
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        chunks++;
        streamed += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(whole.choices[0]?.message.content).toBe(localAnswer(messages[0]!.content));
      expect(streamed).toBe(whole.choices[0]?.message.content);
      expect(chunks).toBeGreaterThan(10);
      expect(finish).toBe('stop');
    });
  }
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
