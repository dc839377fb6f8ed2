import {
  ExportIcon,
  GlobeIcon,
  InfoIcon,
  KeyIcon,
  PaletteIcon,
  PersonIcon,
  RouteIcon,
  ShieldIcon,
} from '../components/Icons';
import { StorageIcon } from '../attachments/AttachmentIcons';
import type { SettingsPage } from '../store';

/** Each settings page's icon in the menu: one each, so the eye tells them apart. */
export const PAGE_ICONS: Readonly<Record<SettingsPage, () => React.ReactElement>> = {
  account: () => <PersonIcon />,
  recovery: () => <KeyIcon />,
  privacy: () => <ShieldIcon />,
  network: () => <RouteIcon />,
  storage: () => <StorageIcon />,
  portability: () => <ExportIcon />,
  appearance: () => <PaletteIcon />,
  language: () => <GlobeIcon />,
  about: () => <InfoIcon />,
};
