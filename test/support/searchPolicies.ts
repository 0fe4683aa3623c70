/**
 * Resource policies of OpenSearch domains as an operator writes them when
 * "just making it work": anyone, any action, optionally narrowed by a
 * condition (the IP hole of F13).
 */
export function openDomainPolicy(domainArn: string, condition?: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'es:*',
        Resource: `${domainArn}/*`,
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}
