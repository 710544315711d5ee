/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#define G_LOG_DOMAIN "ewe-help-topics"

#include "config.h"

#include <glib/gi18n.h>

#include "ewe-help-topics.h"

/* What each topic says. The basics first, in the order a new user meets
 * them, then the rest. Menu items and controls are named as the app names
 * them, so that a reader finds them; the words are marked here and
 * translated by the help window when it shows them. */

static const char * const create_list[] = {
  N_("To create a list, click New List or press Ctrl+N. Give it a title, choose the occasion and, if there is "
     "one, the date of the event, then press Enter."),
      N_("To change a list later, choose Edit List… in the list’s menu, or press Ctrl+E."),
          NULL };

static const char * const add_gifts[] = {
  N_("To add a gift, click Add Gift at the top of the list, or press Ctrl+Shift+A. Paste the address of the "
     "gift’s page in any shop and its details are filled in for you, or type them in yourself."),
      N_("To find gifts, choose Browse Shops in the main menu and add what you like from the shop’s page."),
          NULL };

static const char * const share[] = {
  N_("To share a list, choose Share… in the list’s menu. Copy the link, send it by e-mail, or copy a few "
     "friendly words with the link to paste into a chat."),
      N_("Friends open the link in any browser; they do not need the app. A list gets its link once it has synced "
     "with your server, so sign in first."),
          NULL };

static const char * const reserve[] = {
  N_("To reserve a gift on a friend’s list, choose Open Shared Link… in the main menu, or press Ctrl+L, and "
     "paste the link they sent you. Choose a gift, click Reserve and give your name and e-mail address."),
      N_("Your friend sees how many of a gift are reserved, not by whom. The e-mail you receive has a link to "
     "change or cancel the reservation, or to mark the gift bought."),
          NULL };

static const char * const offline[] = {
  N_("Ewelists works without a network: every change is kept on this device at once. Signed in, your changes "
     "are sent to your server in the background."),
      N_("While the server cannot be reached, a banner says what is waiting. To sync at once, press Ctrl+R or F5."),
          NULL };

static const char * const sign_in[] = {
  N_("To keep your lists on a server and share them, open the Account menu and choose Sign In…, or Create "
     "Account… to make a new account. Enter your server’s address in Preferences."),
      N_("With a server that offers it, Sign In with a Browser, or a button such as Continue with Google, signs you "
         "in in your web browser, with a password or another account you have. When the page says so, go back to "
         "Ewelists."),
          N_("Lists you drafted on this device before signing in can move into your account: the app asks you."),
              NULL };

static const char * const coowners[] = {
  N_("To share a list with a co-owner, such as your partner for a wedding list, choose Co-owners… in the list’s "
     "menu and invite them by e-mail. Once they open the link in the e-mail, signed in, both of you can edit "
     "the list."),
      N_("Only the list’s creator can remove a co-owner. A co-owner who deletes the list only leaves it."),
          NULL };

static const char * const reveal[] = {
  N_("Until a list’s reveal date you see how many of each gift were reserved or bought, but not who gave them. "
     "The reveal date is the day after the event, unless you choose another day when you edit the list."),
      N_("To hide even how many were reserved, turn on Surprise Mode in Preferences."),
          NULL };

static const char * const thank_yous[] = {
  N_("From the reveal date on, choose Thank-yous… in the list’s menu to see who gave what. Tick Received when "
     "a gift arrives, and Thank-you sent once you have thanked its giver."),
      N_("To copy the Thank-yous as text, press Ctrl+Shift+C. To print them, press Ctrl+P."),
          NULL };

static const char * const archive[] = {
  N_("After the event, choose Archive List… in the list’s menu and write a note for your guests. The list moves "
     "to Archived at the bottom of the sidebar and can no longer be changed; guests who open its link see that "
     "it is closed, with your note."),
      N_("To change the list again, choose Un-archive List in its menu."),
          NULL };

static const char * const unlimited[] = {
  N_("For gifts without a number, such as nappies or books, turn on As Many as You Like in the gift’s editor. "
     "Guests can then reserve any number of it, and it is never all reserved."),
      NULL
};

static const char * const most_wanted[] = {
  N_("To mark a gift most wanted, click the star on its card, or turn on Most Wanted in the gift’s editor. "
     "Most wanted gifts come first, for you and for your guests."),
      N_("To see only them, choose Most Wanted Only in the list’s Sort and Filter menu."),
          NULL };

static const char * const currency[] = {
  N_("Each list has a currency: choose it under Currency when you edit the list. A price typed without a "
     "currency is in the list’s currency."),
      N_("A price from a shop is always shown in the shop’s own currency."),
          NULL };

static const char * const print[] = {
  N_("To print a list, choose Print… in the list’s menu, or press Ctrl+P. To make a PDF, choose Print to File "
     "in the print dialog."),
      N_("To print the Thank-yous, open them and click the print button, or press Ctrl+P."),
          NULL };

static const EweHelpTopic topics[] = {
  { "create-list", N_("Create a List"), create_list },
    { "add-gifts", N_("Add Gifts"), add_gifts },
      { "share", N_("Share a List"), share },
        { "reserve", N_("Reserve a Gift"), reserve },
          { "offline", N_("Offline and Sync"), offline },
            { "sign-in", N_("Sign In"), sign_in },
              { "coowners", N_("Co-owners"), coowners },
                { "reveal", N_("Surprise and Reveal Date"), reveal },
                  { "thank-yous", N_("Received Gifts and Thank-yous"), thank_yous },
                    { "archive", N_("Archive a List"), archive },
                      { "unlimited", N_("As Many as You Like"), unlimited },
                        { "most-wanted", N_("Most Wanted"), most_wanted },
                          { "currency", N_("Currency"), currency },
                            { "print", N_("Print"), print },
                          };

const EweHelpTopic *
ewe_help_topics_get (guint *n_topics)
{
  *n_topics = G_N_ELEMENTS (topics);
  return topics;
}
