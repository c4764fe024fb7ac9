/**
 * Markdown cells and text/markdown outputs through markdown-it with raw HTML off: markup in the
 * source is shown as text. Links keep only http(s), mailto and in-page targets; images only
 * inline png/jpeg/gif data (anything else would be a network request the page refuses).
 */
import MarkdownIt from 'markdown-it';
import { escapeText, trustedHtml, type Html } from './escape.js';

const LINK = /^(https?:|mailto:|#)/i;
export const INLINE_IMAGE = /^data:image\/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$/;

function renderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string) => LINK.test(url.trim()) || INLINE_IMAGE.test(url.trim());
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = token?.attrGet('src') ?? '';
    if (token === undefined || defaultImage === undefined || !INLINE_IMAGE.test(src)) {
      return `<span class="md-image">[image: ${escapeText(token?.content ?? '')} ${escapeText(src)}]</span>`;
    }
    return defaultImage(tokens, idx, options, env, self);
  };
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    if (token !== undefined && !(token.attrGet('href') ?? '').startsWith('#')) token.attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

let shared: MarkdownIt | null = null;

export function markdownToHtml(source: string): Html {
  shared ??= renderer();
  return trustedHtml(shared.render(source));
}
