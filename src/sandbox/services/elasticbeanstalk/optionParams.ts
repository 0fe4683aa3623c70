/** Reading `OptionSettings.member.N` and `OptionsToRemove.member.N` from a request. */
import type { QueryParams } from '../../protocols/queryParams';
import type { OptionSettingState } from '../../state/beanstalkState';
import type { OptionRef } from '../../simulation/options';
import { missingParameter } from './lookup';

export function readOptionSettings(params: QueryParams): OptionSettingState[] {
  return params.structList('OptionSettings').map((entry, index) => {
    const namespace = entry['Namespace'];
    const optionName = entry['OptionName'];
    if (namespace === undefined || optionName === undefined) {
      throw missingParameter(`OptionSettings.member.${index + 1} must specify Namespace and OptionName.`);
    }
    const resourceName = entry['ResourceName'];
    return {
      namespace,
      optionName,
      value: entry['Value'] ?? '',
      ...(resourceName === undefined ? {} : { resourceName }),
    };
  });
}

export function readOptionsToRemove(params: QueryParams): OptionRef[] {
  return params.structList('OptionsToRemove').map((entry, index) => {
    const namespace = entry['Namespace'];
    const optionName = entry['OptionName'];
    if (namespace === undefined || optionName === undefined) {
      throw missingParameter(`OptionsToRemove.member.${index + 1} must specify Namespace and OptionName.`);
    }
    const resourceName = entry['ResourceName'];
    return { namespace, optionName, ...(resourceName === undefined ? {} : { resourceName }) };
  });
}
