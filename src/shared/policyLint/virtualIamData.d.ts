// The virtual module scripts/iamDataPlugin.ts provides to the renderer build and the unit tests.
declare module 'virtual:trellis-iam-data' {
  const data: import('./iamData').IamData;
  export default data;
}
