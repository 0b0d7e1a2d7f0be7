export { registerWebChat, contentSecurityPolicy } from './register-web-chat';
export type { WebChatDeps } from './register-web-chat';
