export * from './policyText';
export * from './classify';
export * from './rewrite';
export * from './lineDiff';
