# The landing page.

home-title = Welcome
home-heading = The circular-economy network between Kazakhstan and Germany
home-lead = Experts, companies, public bodies and partner organisations in waste management meet here: find each other, share knowledge, follow events and arrange B2B meetings — in English, German, Russian and Kazakh.
home-join = Join the network
home-browse = Browse members
home-what-heading = What you find here
home-feature-directory = Member directory
home-feature-directory-text = Search people and organisations by expertise, country and language, and connect with them.
home-feature-library = Library
home-feature-library-text = Laws, studies, city concepts and presentations from the community.
home-feature-events = Events
home-feature-events-text = Online sessions with links to the virtual rooms, in your own time zone.
home-feature-meetings = B2B meetings
home-feature-meetings-text = One-to-one meetings between foreign companies and local partners.
home-ecoweek-heading = ECO week 2023
home-ecoweek-text = From 21 to 24 February 2023 the Delegation of German Industry and Commerce for Central Asia held the ECO week on waste management and the circular economy in Kazakhstan: four days of online sessions, the presentation of the environmental concept for the city of Taraz, and B2B talks with German companies.
home-members-heading = Members
