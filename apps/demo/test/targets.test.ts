// The same app on four targets: Node, the Lambda dev server (in-process runtime and
// aws-lambda-ric) and wrangler dev. Every conformance case must observe the same thing on all
// of them, and the official openai SDK must work against each.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAnswer } from '../src/llm/local-answers.ts';
import { CASES } from './conformance/cases.ts';
import type { Observation } from './conformance/http.ts';
import { formatMatrix } from './conformance/matrix.ts';
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

beforeAll(async () => {
  const node = await startNode();
  targets.set('node', node);
  const others = await Promise.allSettled([
    startLambda('in-process'),
    startLambda('ric'),
    // wrangler dev re-encodes a Worker's subrequest to itself (its local entry negotiates
    // Content-Encoding), so the Worker proxies another server's fixture: the Node target's.
    startWrangler({ ...TEST_ENV, PROXY_TARGET: node.url }),
  ]);
  for (const outcome of others) {
    if (outcome.status === 'fulfilled') targets.set(outcome.value.name, outcome.value);
  }
  const failed = others.find((outcome) => outcome.status === 'rejected');
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
});

describe('conformance: one list of cases, identical on every target', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const observed = new Map<TargetName, Observation>();
      for (const name of NAMES) {
        const target = targets.get(name)!;
        observed.set(name, await testCase.run(target.url));
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
