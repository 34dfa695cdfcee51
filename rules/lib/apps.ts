// Where mobile apps are published: a link there offers an app to install.

/** App stores: Iranian (Bazaar, Myket, Sibapp, Anardoni, Sibche, iApps) and global. */
export const APP_STORES = [
  'cafebazaar.ir', 'myket.ir', 'play.google.com', 'apps.apple.com', 'itunes.apple.com', 'sibapp.com', 'anardoni.com', 'sibche.com', 'iapps.ir',
];
