import { useTranslation } from 'react-i18next';

/** "B, kB, MB, GB" / "o, Ko, Mo, Go", from the catalog. */
export function useByteUnits(): readonly string[] {
  const { t } = useTranslation();
  return [
    t('attachments.units.b'),
    t('attachments.units.kb'),
    t('attachments.units.mb'),
    t('attachments.units.gb'),
  ];
}
