import { useTranslation } from 'react-i18next';
import { useCopy } from '../account/useCopy';

/** The 13 words, numbered, in reading order, with a copy button. */
export function PhraseWords({ phrase }: { readonly phrase: string }) {
  const { t } = useTranslation();
  const [copied, copy] = useCopy();
  const words = phrase.split(' ');
  return (
    <div className="phrase-block">
      <ol className="phrase-words" data-testid="phrase-words">
        {words.map((w, i) => (
          <li key={i} className="phrase-word">
            <span className="phrase-index">{i + 1}</span>
            <span className="phrase-text">{w}</span>
          </li>
        ))}
      </ol>
      <button type="button" className="button" data-testid="copy-phrase" onClick={() => void copy(phrase)}>
        {copied ? t('account.copied') : t('account.copyPhrase')}
      </button>
    </div>
  );
}
