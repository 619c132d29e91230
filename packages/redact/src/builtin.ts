/** The built-in detectors, one file each under packages/redact/detectors/ (sorted by id). */
import type { Detector } from './types.js';
import { detector as alibabaCloud } from '../detectors/alibaba-cloud.js';
import { detector as awsCredentials } from '../detectors/aws-credentials.js';
import { detector as azureCredentials } from '../detectors/azure-credentials.js';
import { detector as baiduCloud } from '../detectors/baidu-cloud.js';
import { detector as bankCard } from '../detectors/bank-card.js';
import { detector as cnMobile } from '../detectors/cn-mobile.js';
import { detector as cnResidentId } from '../detectors/cn-resident-id.js';
import { detector as dotenv } from '../detectors/dotenv.js';
import { detector as email } from '../detectors/email.js';
import { detector as gcpCredentials } from '../detectors/gcp-credentials.js';
import { detector as giteeToken } from '../detectors/gitee-token.js';
import { detector as githubToken } from '../detectors/github-token.js';
import { detector as gitlabToken } from '../detectors/gitlab-token.js';
import { detector as huaweiCloud } from '../detectors/huawei-cloud.js';
import { detector as internalHostname } from '../detectors/internal-hostname.js';
import { detector as internalIp } from '../detectors/internal-ip.js';
import { detector as jwt } from '../detectors/jwt.js';
import { detector as npmToken } from '../detectors/npm-token.js';
import { detector as privateKey } from '../detectors/private-key.js';
import { detector as pypiToken } from '../detectors/pypi-token.js';
import { detector as secretAssignment } from '../detectors/secret-assignment.js';
import { detector as slackToken } from '../detectors/slack-token.js';
import { detector as stripeKey } from '../detectors/stripe-key.js';
import { detector as tencentCloud } from '../detectors/tencent-cloud.js';
import { detector as urlCredentials } from '../detectors/url-credentials.js';

export const BUILTIN_DETECTORS: readonly Detector[] = [
  alibabaCloud,
  awsCredentials,
  azureCredentials,
  baiduCloud,
  bankCard,
  cnMobile,
  cnResidentId,
  dotenv,
  email,
  gcpCredentials,
  giteeToken,
  githubToken,
  gitlabToken,
  huaweiCloud,
  internalHostname,
  internalIp,
  jwt,
  npmToken,
  privateKey,
  pypiToken,
  secretAssignment,
  slackToken,
  stripeKey,
  tencentCloud,
  urlCredentials,
];
