/** RDS: DB instances and DB subnet groups, over awsQuery with RDS's own list element names. */
import type { ServiceModule } from '../../serviceModule';
import { instanceActions } from './instances';
import { subnetGroupActions } from './subnetGroups';
import { createRdsService } from './wire';

export const rdsService: ServiceModule = createRdsService(new Map([...instanceActions, ...subnetGroupActions]));
