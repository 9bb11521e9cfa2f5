export { GOOGLE, MAIL_OAUTH_PRESETS, MICROSOFT } from './providers.js';
export type { MailOAuthPreset, MailOAuthProviderId, MailServerPreset } from './providers.js';
export { OAuthSignInError, discoverIssuer, finishSignIn, startSignIn } from './sign-in.js';
export type { FinishedSignIn, OAuthClientSettings, OAuthSignInErrorCode, StartedSignIn } from './sign-in.js';
