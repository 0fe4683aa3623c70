import { S3Error } from '../../protocols/restXml';

export const invalidArgument = (message: string): S3Error => new S3Error('InvalidArgument', message, 400);
