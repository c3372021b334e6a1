// whatsapp-web.js pulls puppeteer, whose postinstall downloads Chrome: there is no internet here,
// and real runs use Debian's Chromium (/usr/bin/chromium) through the client's puppeteer options.
module.exports = { skipDownload: true };
