/** Mail the product itself sends to people (not to customers): invitations and password resets. */

export type ProductMailKind = 'invitation' | 'password_reset';

export interface ProductMail {
  kind: ProductMailKind;
  to: string;
  subject: string;
  /** The whole plain-text body (it contains the link). */
  text: string;
  /** The one-time link in the body; the console catcher shows only this and the headers. */
  link: string;
}

export interface ProductMailer {
  /** `smtp`: the operator's server; `console`: no server configured, mail is shown in the process log. */
  readonly via: 'smtp' | 'console';
  send(mail: ProductMail): Promise<void>;
}
